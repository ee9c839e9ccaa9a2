"""Before the branch (issue 12): pre-filled applications and the customer's pending items."""
