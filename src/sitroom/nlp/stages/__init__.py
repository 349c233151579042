"""Pipeline stages, each registered under a versioned name."""
