"""The app database: bookings, screening answers, handoffs. Schema changes go through Alembic."""
