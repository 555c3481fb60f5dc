"""The command line: Typer commands and options, the session, and the one place where errors
become exit codes. (Nothing is imported here, so that start-up stays fast.)"""
