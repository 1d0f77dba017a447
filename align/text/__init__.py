"""Text facts shared by every stage: scripts, marks, digits, language codes; language detection."""
