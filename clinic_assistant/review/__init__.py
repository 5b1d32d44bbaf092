"""The review loop: messages the assistant handled badly (candidates), staff labels (db/review.py),
training data from the labels (export), reports and charts, and the crisis-claim escalation."""
