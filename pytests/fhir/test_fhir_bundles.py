"""Validation of the Bundles `carehub fhir` prints, by fhir.resources (FHIR R4 4.0.1 models, PyPI),
code nobody here wrote.

Run by scripts/fhir-validation, which builds carehub and passes its path in CAREHUB_BIN. Every
fixture of fixtures/payloads/ whose characteristic is a reading kind is run through the binary:
the ones that are forwarded must give a Bundle that fhir.resources accepts; the others (one packet
of a split body composition, oximeter demonstration/test data, glucose control solution) must be
refused with exit status 1.
"""

import copy
import json
import os
import pathlib
import subprocess

import fhir.resources
import pydantic
import pytest
from fhir.resources.bundle import Bundle

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAREHUB = os.environ.get("CAREHUB_BIN", str(ROOT / ".build/debug/carehub"))
PATIENT = "rjh-egenmon-000123"
READING_KINDS = {"2A35", "2A9D", "2A9C", "2A1C", "2A5E", "2A18"}
PAYLOADS = [
    entry
    for path in sorted((ROOT / "fixtures/payloads").glob("*.json"))
    for entry in json.loads(path.read_text())
    if entry["characteristic"] in READING_KINDS and "expected" in entry
]


def forwarded(expected):
    """Whether the hub forwards this value (the rules of docs/PIPELINE.md, from the fixture's own JSON)."""
    if expected.get("multiple_packet"):
        return False
    status = expected.get("measurement_status") or []
    if isinstance(status, list) and ({"data_for_demonstration", "data_for_testing"} & set(status)):
        return False
    if "control_solution" in (expected.get("sample_type"), expected.get("sample_location")):
        return False
    return True


def carehub_fhir(characteristic, hexpayload):
    return subprocess.run(
        [CAREHUB, "fhir", characteristic, hexpayload, "--patient", PATIENT, "--device", "C4:7C:8D:6A:12:34",
         "--hub", "B8:27:EB:12:34:56"],
        capture_output=True, text=True, timeout=60, check=False)


def test_models_are_r4():
    assert fhir.resources.__fhir_version__ == "4.0.1"


def test_every_reading_kind_has_fixtures():
    assert {entry["characteristic"] for entry in PAYLOADS} == READING_KINDS
    assert sum(forwarded(entry["expected"]) for entry in PAYLOADS) >= 40


@pytest.mark.parametrize("entry", PAYLOADS, ids=[entry["id"] for entry in PAYLOADS])
def test_bundle_of_fixture_is_valid_r4(entry):
    result = carehub_fhir(entry["characteristic"], entry["hex"] or "")
    if not forwarded(entry["expected"]):
        assert result.returncode == 1, result.stdout
        assert "is not a reading CareHub forwards" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    bundle = Bundle.parse_obj(document)  # raises pydantic.ValidationError on any R4 violation
    assert bundle.type == "transaction"
    resources = [e.resource for e in bundle.entry]
    kinds = [r.resource_type for r in resources]
    assert kinds[:2] == ["Device", "Device"]
    assert "Observation" in kinds
    for e in bundle.entry:
        assert e.request.method == "POST" and e.request.ifNoneExist.startswith("identifier=")
        assert e.fullUrl.startswith("urn:uuid:")
    for observation in (r for r in resources if r.resource_type == "Observation"):
        assert any("/uv/phd/StructureDefinition/" in p for p in observation.meta.profile)
    # No patient data beyond the logical id, and that only as a reference or inside identifiers.
    text = result.stdout
    assert '"Patient"' not in text
    for line in (l for l in text.splitlines() if PATIENT in l):
        assert f'"Patient/{PATIENT}"' in line or '"value": "' in line or "identifier=" in line, line


def valid_bundle():
    result = carehub_fhir("2A35", "1680004E005F00E907030E072A0A48000400")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


BREAKAGES = {
    "status not a code": lambda d: d["entry"][2]["resource"].__setitem__("status", ["final"]),
    "unknown element": lambda d: d["entry"][2]["resource"].__setitem__("colour", "yellow"),
    "quantity value not a number": lambda d: d["entry"][2]["resource"]["component"][0]["valueQuantity"].__setitem__(
        "value", "128 mmHg"),
    "missing code": lambda d: d["entry"][3]["resource"].pop("code"),
    "bad dateTime": lambda d: d["entry"][2]["resource"].__setitem__("effectiveDateTime", "14/03/2025 07:42"),
    "entry not a list": lambda d: d.__setitem__("entry", d["entry"][0]),
    "component without code": lambda d: d["entry"][2]["resource"]["component"][0].pop("code"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_bundle_is_refused(name):
    """The validator is not a rubber stamp: each hand-made breakage of a valid Bundle fails it.
    (fhir.resources checks structure and datatypes, not terminology bindings: a Bundle type
    "upload" passes it, so the Swift tests check codes.)"""
    document = valid_bundle()
    Bundle.parse_obj(copy.deepcopy(document))
    BREAKAGES[name](document)
    with pytest.raises(pydantic.ValidationError):
        Bundle.parse_obj(document)


SAMPLES = pathlib.Path(os.environ.get("CAREHUB_FHIR_SAMPLES", "/nonexistent"))
SAMPLE_FILES = sorted(SAMPLES.glob("*.json")) if SAMPLES.is_dir() else []


def test_forwarded_samples_were_written():
    """The Swift test ValidationSampleTests wrote the Bundles the CLI cannot print (scripts/fhir-validation)."""
    assert len(SAMPLE_FILES) >= 4, f"no sample Bundles in {SAMPLES}"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_forwarded_sample_is_valid(path):
    """Deviating readings with their DetectedIssue, a coincident timestamp, two readings in one transaction."""
    data = json.loads(path.read_text())
    Bundle.parse_obj(data)
    kinds = [entry["resource"]["resourceType"] for entry in data["entry"]]
    assert "DetectedIssue" in kinds
