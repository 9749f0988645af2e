"""A clinic's profile (`profile`): its name, contact, logo, colours and QR code, put on
the page (`branding`) and checked for WCAG contrast (`contrast`)."""
