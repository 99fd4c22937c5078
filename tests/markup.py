"""Patterns for checking form markup in pages (WCAG 1.3.1, 3.3.2): fieldsets, their legends, empty hints."""

from __future__ import annotations

import re

FIELDSET = re.compile(r"<fieldset\b.*?</fieldset>", re.S)
LEGEND = re.compile(r"<legend\b[^>]*>(.*?)</legend>", re.S)
EMPTY_HINT = re.compile(r'<div[^>]*class="govuk-hint"[^>]*>\s*</div>')
