"""The bodies of the commands: call the API and present its results.

`common` holds build, validate, lint, init, schema and the shared printing; `listing`, `show` and
`upgrade` one command each. Every `run_*` returns the exit code; errors travel as `InputError`
and `UsageError` and are printed by `cli_shell.run`. The `cli_*` modules hold the definitions of
the command line itself (arguments, options, help texts) that `cli.py` puts together.
"""
