"""Staff pages of the testing team: the register (register.py) and CSV import and export (imports.py)."""
