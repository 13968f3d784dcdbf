"""The printable report: the desk as one HTML document, saved as .html or rendered to .pdf."""
