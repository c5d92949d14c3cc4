"""Validate mcp-census output against the schemas beside this script.

    validate.py sarif FILE     SARIF 2.1.0 (jsonschema, Draft 7)
    validate.py junit FILE     JUnit XML (xmlschema, XSD 1.0)
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def check_sarif(path):
    import jsonschema
    with open(os.path.join(HERE, "sarif-2.1.0-subset.json")) as handle:
        schema = json.load(handle)
    with open(path) as handle:
        document = json.load(handle)
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(document)]


def check_junit(path):
    import xmlschema
    schema = xmlschema.XMLSchema(os.path.join(HERE, "junit.xsd"))
    return [str(error.reason) + " at " + str(error.path)
            for error in schema.iter_errors(path)]


def main():
    kind, path = sys.argv[1], sys.argv[2]
    errors = check_sarif(path) if kind == "sarif" else check_junit(path)
    for error in errors:
        print(error)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
