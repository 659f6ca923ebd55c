"""The project's code generator: ``openapi.json`` + ``openapi-generator-config.yaml`` -> generated code.

Two phases: :mod:`generator.parse` turns the spec into the typed intermediate form of :mod:`generator.ir`
(every decision is taken there), then :mod:`generator.render` only renders that form with Jinja2 templates.
Run it with ``python -m generator`` (write) or ``python -m generator --check`` (compare only).
"""
