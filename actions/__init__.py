"""Custom actions, one module per feature. Every sentence they send is a domain.yml response."""
