"""The town hall's knowledge: ingestion, index, retrieval and grounded answers."""
