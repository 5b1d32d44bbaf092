"""The security tests run against the same real stack as the integration tests (one per session)."""
from tests.integration.conftest import stack  # noqa: F401  (the fixture)
