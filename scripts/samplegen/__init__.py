"""Synthetic identity documents, certificates and applicant cases with exact
truth, for measuring varta.  Entry point: scripts/make-samples."""

import cv2 as _cv2

# One thread: the machine is shared, and results never depend on scheduling.
_cv2.setNumThreads(1)
