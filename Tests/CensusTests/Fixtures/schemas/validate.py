"""Validate mcp-census output and inputs against their schemas.

    validate.py sarif FILE         SARIF 2.1.0 subset beside this script
    validate.py junit FILE         JUnit XML (xmlschema, XSD 1.0)
    validate.py report FILE...     schemas/report.schema.json
    validate.py manifest FILE...   schemas/manifest.schema.json (YAML)
    validate.py yaml FILE...       well-formed YAML, every document

Prints every error as FILE: PATH: MESSAGE; exit 0 means all valid.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))


def json_schema_errors(schema_path, document, draft):
    import jsonschema
    with open(schema_path) as handle:
        schema = json.load(handle)
    validator_class = getattr(jsonschema, draft)
    validator_class.check_schema(schema)
    validator = validator_class(
        schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(document)]


def check_sarif(path):
    with open(path) as handle:
        document = json.load(handle)
    return json_schema_errors(
        os.path.join(HERE, "sarif-2.1.0-subset.json"), document,
        "Draft7Validator")


def check_junit(path):
    import xmlschema
    schema = xmlschema.XMLSchema(os.path.join(HERE, "junit.xsd"))
    return [str(error.reason) + " at " + str(error.path)
            for error in schema.iter_errors(path)]


def check_report(path):
    with open(path) as handle:
        document = json.load(handle)
    return json_schema_errors(
        os.path.join(ROOT, "schemas", "report.schema.json"), document,
        "Draft202012Validator")


def check_manifest(path):
    import yaml
    with open(path) as handle:
        document = yaml.safe_load(handle)
    return json_schema_errors(
        os.path.join(ROOT, "schemas", "manifest.schema.json"), document,
        "Draft202012Validator")


def check_yaml(path):
    import yaml
    try:
        with open(path) as handle:
            documents = list(yaml.safe_load_all(handle))
    except yaml.YAMLError as error:
        return [str(error).replace("\n", " ")]
    return [] if documents else ["no YAML document"]


CHECKS = {
    "sarif": check_sarif, "junit": check_junit, "report": check_report,
    "manifest": check_manifest, "yaml": check_yaml,
}


def main():
    kind, paths = sys.argv[1], sys.argv[2:]
    failed = False
    for path in paths:
        for error in CHECKS[kind](path):
            print(f"{path}: {error}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
