"""The application layer: the jobs that run the stages over the store.

``write`` is the one way documents and their claims reach the database (used by ingest,
the batch workers and watch); ``edits`` applies and logs the analyst's edits.
"""
