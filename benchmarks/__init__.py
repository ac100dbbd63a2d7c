"""The benchmark (`make bench`): its payloads and floors, importable by the tests."""
