"""OpenAPI import and export (internal, not API).

``document``: read (JSON/YAML), check, resolve ``$ref``, base path, write; shared by both services.
``values``: the typed reads (object, list, integer, boolean, string) every importer makes.
v1 (REST APIs): ``importer`` reads a document into records, ``writer`` stores them
(ImportRestApi, PutRestApi), ``exporter`` writes a deployed API back (GetExport).
v2 (HTTP APIs): ``v2_import``, ``v2_export``.
"""
