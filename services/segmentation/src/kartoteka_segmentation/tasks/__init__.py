"""Celery tasks of the segmentation service (queue `segmentation`)."""
