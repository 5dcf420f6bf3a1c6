"""Use cases of the segmentation service."""
