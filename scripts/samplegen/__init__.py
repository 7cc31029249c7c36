"""Synthetic identity documents, certificates and applicant cases with exact
truth, for measuring varta.  Entry point: scripts/make-samples."""
