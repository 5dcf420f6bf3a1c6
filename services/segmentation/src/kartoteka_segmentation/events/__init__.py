"""Events segmentation consumes."""
