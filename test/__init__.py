"""The test suite is a package so that `from test.support.servers import RecordingServer` works."""
