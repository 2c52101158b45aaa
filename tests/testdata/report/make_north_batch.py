#!/usr/bin/env python3
"""Writes north_batch.candidates.jsonl: the secondary schools of
examples/data/secondary-schools-england-2019.csv within 50 km of the North
cluster's hub, as candidates the way examples/mappings/secondary-schools-2019.yaml
maps them (public data only). Run from the repository root; the output is
committed, so this is only needed to change the selection."""
import csv
import json
import math

HUB = (429600, 435200)  # scoring/default_policy.yaml, cluster north.
STATUS = {
    "Community school": "SCHOOL_STATUS_MAINTAINED",
    "Voluntary aided/voluntary controlled school": "SCHOOL_STATUS_MAINTAINED",
    "Foundation school": "SCHOOL_STATUS_MAINTAINED",
    "Converter academy/city technology college": "SCHOOL_STATUS_ACADEMY_IN_OTHER_TRUST",
    "Sponsored academy": "SCHOOL_STATUS_ACADEMY_IN_OTHER_TRUST",
    "Free school": "SCHOOL_STATUS_FREE_SCHOOL",
    "University technical college/studio school": "SCHOOL_STATUS_FREE_SCHOOL",
}
OFSTED = {
    "Outstanding": "LEGACY_GRADE_OUTSTANDING",
    "Good": "LEGACY_GRADE_GOOD",
    "Requires improvement": "LEGACY_GRADE_REQUIRES_IMPROVEMENT",
    "Inadequate": "LEGACY_GRADE_INADEQUATE",
}


def number(text):
    return float(text) if text.strip() else None


def candidate(row):
    pupils = number(row["Total pupils"])
    identity = {"urn": row["URN"], "name": row["School name"],
                "phase": "PHASE_SECONDARY",
                "local_authority": row["Local authority"],
                "region": row["Region"],
                "religious_character": row["Religious character"]}
    if row["School type"] in STATUS:
        identity["status"] = STATUS[row["School type"]]
    if pupils is not None:
        identity["pupils_on_roll"] = int(pupils)
    standards = {}
    if row["Ofsted rating"] in OFSTED:
        standards["legacy_inspection"] = {
            "overall_effectiveness": OFSTED[row["Ofsted rating"]]}
    years = []
    for year in (2017, 2018, 2019):
        entry = {"year": year}
        for field, column in (("progress8", "Progress 8"),
                              ("attainment8", "Attainment 8")):
            value = number(row[f"{column}, {year}"])
            if value is not None:
                entry[field] = value
        if len(entry) > 1:
            years.append(entry)
    if years:
        standards["attainment"] = years
    for field, column, scale in (
            ("overall_absence_pct", "Absence rate", 100),
            ("persistent_absence_pct", "Persistent absentee rate", 100),
            ("suspension_rate_per_100", "Fixed period exclusion rate, 2019", 1)):
        value = number(row[column])
        if value is not None:
            standards[field] = round(value * scale, 5)
    result = {"identity": identity,
              "location": {"os_grid": {"easting": int(row["Easting"]),
                                       "northing": int(row["Northing"])}},
              "standards": standards}
    income = number(row["Income, 2019"])
    if income is not None and pupils is not None:
        result["finance"] = {"total_income_pence": str(round(income * 100 * pupils))}
    return result


def main():
    with open("examples/data/secondary-schools-england-2019.csv") as f, \
            open("tests/testdata/report/north_batch.candidates.jsonl", "w") as out:
        for row in csv.DictReader(f):
            if not row["Easting"].strip() or not row["Northing"].strip():
                continue
            km = math.hypot(int(row["Easting"]) - HUB[0],
                            int(row["Northing"]) - HUB[1]) / 1000
            if km <= 50:
                out.write(json.dumps(candidate(row), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
