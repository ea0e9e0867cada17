"""The evaluated price of each tender: from the suppliers' price forms, or from a prices file.

The price form of the answer workbook gives the total the price criterion
uses: quantity × unit price, times the years for a yearly cost, summed over
the elements that are not options. When the buyer has checked the tenders
and corrected the prices (an arithmetic error, a price given outside the
form), the evaluated prices come from a small YAML file instead:

    # Evaluated total price per supplier, in NOK excluding VAT
    prices:
      Journalsystemer AS: 12500000
      Omsorgsdata AS: 13750000.50

Each key is a supplier's name (the name of its answer workbook without
`.xlsx`); each value a number above 0. The file gives the price of every tender
that is evaluated; rejected tenders may be left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

from ..answers.responses import SupplierAnswers
from ..diagnostics import Diagnostic, InputError, display_path, error
from ..locale.messages import _
from ..reading.load import load_yaml
from ..resolved import PriceForm
from ..suggest import close_names, decimal_comma_hint, did_you_mean, joined
from .scoring import exact

KEY = "prices"


def read_prices(path: Path, suppliers: Sequence[str], evaluated: Sequence[str]) -> dict[str, float]:
    """The price of each evaluated supplier from a prices file; `InputError` with file:line:col otherwise."""
    doc = load_yaml(path)
    data = doc.data
    shown = doc.name
    if not isinstance(data, Mapping) or KEY not in data:
        raise InputError([error("E001", _("{file} has no '{key}:' mapping").format(file=shown, key=KEY),
                                _("Write 'prices:' and under it one line per supplier, e.g. "
                                  "'  Journalsystemer AS: 12500000'."), **doc.where())])
    found: list[Diagnostic] = []
    for key in data:
        if key != KEY:
            found.append(error("E001", _("unknown key '{key}' in the prices file").format(key=key),
                               _("The file has only '{key}:'.").format(key=KEY), **doc.where_key((key,))))
    given = data[KEY]
    if not isinstance(given, Mapping):
        raise InputError([*found, error("E001", _("'{key}' must map each supplier to its price").format(key=KEY),
                                        _("Write one line per supplier under 'prices:', e.g. "
                                          "'  Journalsystemer AS: 12500000'."), **doc.where((KEY,)))])
    prices: dict[str, float] = {}
    for name, value in given.items():
        where = doc.where((KEY, name))
        if str(name) not in suppliers:
            hint = did_you_mean(close_names(str(name), suppliers))
            found.append(error("E003", _("the prices file names '{name}', which has no answer workbook").format(
                                   name=name),
                               joined(hint, _("The suppliers are: {names}.").format(names=", ".join(suppliers))),
                               **doc.where_key((KEY, name))))
        elif isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            found.append(error("E002", _("the price of '{name}' is {value!r}, not a number above 0").format(
                                   name=name, value=value),
                               joined(decimal_comma_hint(value), _("Write the price in kroner as a plain number, "
                                                                   "without spaces or 'kr', e.g. 12500000 or "
                                                                   "12500000.50.")), **where))
        else:
            prices[str(name)] = float(value)
    missing = [s for s in evaluated if s not in prices and s in suppliers and s not in given]
    for name in missing:
        found.append(error("E004", _("the prices file gives no price for '{name}', whose tender is "
                                     "evaluated").format(name=name),
                           _("Add a line '  {name}: PRICE' under 'prices:'.").format(name=name), **doc.where((KEY,))))
    if found:
        raise InputError(found)
    return prices


def form_total(answers: SupplierAnswers, form: PriceForm) -> tuple[float | None, list[Diagnostic]]:
    """The evaluated total of a supplier's price form; None with findings when a unit price is missing."""
    shown = display_path(answers.path)
    total = Fraction(0)
    found: list[Diagnostic] = []
    for element in form.elements:
        if element.option:
            continue
        price = answers.unit_prices.get(element.name)
        if price is None or price < 0 or price != price:
            found.append(error("E005", _("{supplier} has no valid unit price for '{element}' in its price "
                                         "form").format(supplier=answers.supplier, element=element.name),
                               _("Give the evaluated prices in a prices file (--prices), after clarifying the price "
                                 "with the supplier as the rules allow."), file=shown))
            continue
        years = form.years if element.per_year else 1
        total += exact(element.quantity) * exact(price) * years
    if found:
        return None, found
    if total <= 0:
        return None, [error("E005", _("the price form of {supplier} adds up to 0").format(supplier=answers.supplier),
                            _("A price of 0 cannot be scored; give the evaluated prices in a prices file "
                              "(--prices)."), file=shown)]
    return float(total), []

