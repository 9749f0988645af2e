"""brochure: patient-education brochures from YAML to PDF."""

__version__ = "0.1.0"
