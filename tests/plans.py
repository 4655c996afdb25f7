"""A small plan workbook for conversation tests, written from the import template."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from models.plan_import import write_template

UNITS = [
    ("P50", "สำนักงานสหกรณ์จังหวัดเชียงใหม่", "พื้นที่", "50"),
    ("P40", "สำนักงานสหกรณ์จังหวัดขอนแก่น", "พื้นที่", "40"),
    ("P90", "สำนักงานสหกรณ์จังหวัดสงขลา", "พื้นที่", "90"),
    ("กพก.", "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร", "กอง", None),
    ("กผง.", "กองแผนงาน", "ส่วนกลาง", None),
]
PLAN = "แผนงานพื้นฐานด้านการสร้างความสามารถในการแข่งขัน"
PROJECT_A = "ผลผลิต : สหกรณ์และกลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาตามศักยภาพ"
PROJECT_B = "โครงการพัฒนาผลิตภัณฑ์สินค้าชุมชน"
INDICATORS = [
    # code, plan, project, activity, name, unit, target, owner, counting
    (
        "I01",
        PLAN,
        PROJECT_A,
        "ส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกร",
        "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ",
        "แห่ง",
        300,
        "กพก.",
        None,
    ),
    (
        "I02",
        PLAN,
        PROJECT_A,
        "ส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกร",
        "จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น",
        "ราย",
        3000,
        "กพก.",
        "สะสม",
    ),
    (
        "I03",
        PLAN,
        PROJECT_B,
        "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์",
        "อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์",
        "ร้อยละ",
        3,
        "กพก.",
        None,
    ),
]
TARGETS = [
    ("I01", "P50", 100),
    ("I02", "P50", 1000),
    ("I03", "P50", 3),
    ("I01", "P40", 100),
    ("I02", "P40", 1000),
    ("I01", "P90", 100),
    ("I02", "P90", 1000),
]
BUDGET = [
    (PROJECT_A, "P50", 500000),
    (PROJECT_B, "P50", 200000),
    (PROJECT_A, "P40", 400000),
    (PROJECT_A, "P90", 300000),
]


def write_small_plan(path: Path) -> Path:
    write_template(path)
    book = load_workbook(path)
    for row in UNITS:
        book["หน่วยงาน"].append(list(row))
    for row in INDICATORS:
        book["ตัวชี้วัด"].append(list(row))
    for row in TARGETS:
        book["เป้าหมายรายหน่วย"].append(list(row))
    for row in BUDGET:
        book["งบประมาณ"].append(list(row))
    book.save(path)
    return path
