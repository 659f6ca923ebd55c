"""The golden folders hold generated test files as expected *output*: they are compared, not collected."""

collect_ignore = ["golden"]
