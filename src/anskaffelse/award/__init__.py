"""The evaluation model a tender publishes: award criteria, what each evaluates, and the price form.

`criteria` maps the evaluated requirements to their criterion and resolves criteria and price form
into the `Specification`; `checks` gives the findings of validation (P050-P058). Both read a
merged profile and the library; the Word and Excel exporters only read what `criteria` resolved.
"""
