"""Deadline years now live with the rest of the date reading in corpus/dates.py; this name
stays for code that imports it from here."""
from kehoach.corpus.dates import deadline_years

__all__ = ["deadline_years"]
