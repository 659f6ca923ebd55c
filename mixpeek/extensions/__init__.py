"""Hand-written additions to generated classes, for what the spec cannot express (composed helpers).

The generator mixes these into the generated classes named in ``openapi-generator-config.yaml``
(``apiMixins``) and exports their public names from ``mixpeek`` (``extraExports``).
"""
