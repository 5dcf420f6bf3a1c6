"""Kartoteka shared plumbing."""
