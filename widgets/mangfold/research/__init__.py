"""Research export: learners' free text scrubbed of personal data before it leaves the course."""
