"""Kartoteka development stack: embedded infrastructure, the process supervisor and demo data."""
