"""Demo data: the FY2563 plan of the Cooperative Promotion Department as an import workbook.

The indicator table is transcribed from the department's FY2563 monitoring framework (seed 001):
6 plans, 2 outputs and 9 projects, 17 main activities and 37 indicators. Around it this module
builds a believable organisation and its annual plan:

- 78 offices: one provincial cooperative office per province (code ``P<province code>``) except
  Bangkok, which has two area offices (``สสพ.1``, ``สสพ.2``);
- the divisions that own indicators, and the planning division ``กผง.`` as the central unit;
- which office reports which indicator with its own annual target (``sum`` targets are split so
  that they add up exactly to the national target), and each office's budget per project;
- the fiscal-year settings (cut-off day, deadlines, first reporting month).

Everything is deterministic: the same code always produces the same workbook, cell for cell.
``write_demo_workbook`` writes the sheets and headers of the import contract (DESIGN.md §4).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from openpyxl import Workbook

from models.plan_import import HEADERS

__all__ = [
    "PLANS",
    "SHEET_HEADERS",
    "demo_allocations",
    "demo_assignments",
    "demo_indicators",
    "demo_provinces",
    "demo_settings",
    "demo_units",
    "demo_users",
    "write_demo_workbook",
]

PROVINCES_CSV = Path(__file__).resolve().parent.parent / "bot" / "data" / "th-provinces.csv"

BANGKOK = "10"
CENTRAL_CODE = "กผง."

# Import workbook contract (DESIGN.md §4): the importer's own sheet names and header rows.
SHEET_HEADERS = HEADERS

# Unit types as written in the workbook, and the code names used in Python.
UNIT_TYPE_TH = {"office": "พื้นที่", "division": "กอง", "central": "ส่วนกลาง"}
COUNTING_TH = {"sum": "สะสม", "latest": "ล่าสุด"}

# --------------------------------------------------------------------------------------------
# The seed's indicator table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ind:
    """One indicator row: name, unit label, national annual target, owner division code."""

    name: str
    unit: str
    target: int
    owner: str


@dataclass(frozen=True)
class Activity:
    """A main activity (กิจกรรมหลัก); ``sub`` is the table's first column (กิจกรรมรอง)."""

    name: str
    sub: str
    indicators: tuple[Ind, ...]


@dataclass(frozen=True)
class Project:
    """An output (ผลผลิต) or project (โครงการ) under a plan."""

    name: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Plan:
    """A plan (แผนงาน)."""

    name: str
    projects: tuple[Project, ...]


# Project names, used again below for office selection and budgets.
PRJ_OUTPUT = "สหกรณ์และกลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาตามศักยภาพ"
PRJ_PERSONNEL = "รายการค่าใช้จ่ายบุคลากรภาครัฐ"
PRJ_DIGITAL = "โครงการพัฒนาเศรษฐกิจดิจิทัล"
PRJ_SUSTAINABLE = "โครงการพัฒนาเกษตรกรรายยั่งยืน"
PRJ_ROYAL = "โครงการพัฒนาพื้นที่โครงการหลวง"
PRJ_INITIATIVE = "โครงการส่งเสริมการดำเนินงานอันเนื่องมาจากพระราชดำริ"
PRJ_DEBT = "โครงการช่วยเหลือด้านหนี้สินสมาชิกสหกรณ์/กลุ่มเกษตรกร"
PRJ_SKILLS = "โครงการส่งเสริมและสร้างทักษะในการประกอบอาชีพทั้งในและนอกภาคเกษตร"
PRJ_BUSINESS = "โครงการพัฒนาศักยภาพการดำเนินธุรกิจของสหกรณ์ กลุ่มเกษตรกร และธุรกิจชุมชน"
PRJ_PRODUCTS = "โครงการพัฒนาผลิตภัณฑ์สินค้าชุมชน"
PRJ_LAND = "โครงการส่งเสริมและพัฒนาอาชีพเพื่อแก้ไขปัญหาที่ดินทำกินของเกษตรกร"

PLANS: tuple[Plan, ...] = (
    Plan(
        "แผนงานพื้นฐานด้านการสร้างความสามารถในการแข่งขัน",
        (
            Project(
                PRJ_OUTPUT,
                (
                    Activity(
                        "การจัดงานแสดงสินค้าสหกรณ์",
                        "จัดงานแสดงสินค้าสหกรณ์",
                        (Ind("จำนวนการจัดงานแสดงสินค้าสหกรณ์ดำเนินการได้บรรลุวัตถุประสงค์", "ครั้ง", 1, "กพท."),),
                    ),
                    Activity(
                        "การพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร",
                        "การพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร",
                        (
                            Ind(
                                "อัตราการเข้าถึงและใช้ประโยชน์เทคโนโลยีสารสนเทศและการสื่อสารของกรมส่งเสริมสหกรณ์",
                                "ร้อยละ",
                                80,
                                "ศสท.",
                            ),
                        ),
                    ),
                    Activity(
                        "ส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกร",
                        "ส่งเสริมและพัฒนาสหกรณ์/กลุ่มเกษตรกรให้มีความเข้มแข็งตามศักยภาพ",
                        (
                            Ind(
                                "จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพการผลิต การตลาด การบริการ และการบริหารจัดการ",
                                "แห่ง",
                                12958,
                                "กผง.",
                            ),
                            Ind("จำนวนสหกรณ์/กลุ่มเกษตรกรที่มีส่วนร่วมขับเคลื่อนนโยบายรัฐบาล", "แห่ง", 770, "กพก."),
                            Ind(
                                "อัตราส่วนเงินออมต่อหนี้สินของสมาชิกในสหกรณ์/กลุ่มเกษตรกรมีสัดส่วนที่เพิ่มขึ้น",
                                "ร้อยละ",
                                61,
                                "กพก.",
                            ),
                            Ind(
                                "อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์/กลุ่มเกษตรกรในงาน/โครงการที่เข้าร่วมขับเคลื่อนงานนโยบายรัฐบาลไม่ต่ำกว่า",
                                "ร้อยละ",
                                3,
                                "กพก.",
                            ),
                            Ind("จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น", "ราย", 70000, "กผง."),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Plan(
        "แผนงานบุคลากรภาครัฐ",
        (
            Project(
                PRJ_PERSONNEL,
                (
                    Activity(
                        "ค่าใช้จ่ายบุคลากรภาครัฐกรมส่งเสริมสหกรณ์",
                        "เงินเดือน 3,036 อัตรา / ค่าจ้างประจำ 667 อัตรา / ค่าตอบแทนพนักงานราชการ 1,628 อัตรา",
                        (Ind("ค่าใช้จ่ายบุคลากรภาครัฐกรมส่งเสริมสหกรณ์ได้รับการเบิกจ่าย", "ร้อยละ", 100, "กค."),),
                    ),
                ),
            ),
        ),
    ),
    Plan(
        "แผนงานยุทธศาสตร์การเกษตรสร้างมูลค่า",
        (
            Project(
                PRJ_DIGITAL,
                (
                    Activity(
                        "พัฒนาเศรษฐกิจดิจิทัลในสหกรณ์และกลุ่มเกษตรกร",
                        "โครงการพัฒนาระบบเชื่อมโยงข้อมูลการบูรณาการภาครัฐ ระยะที่ 2",
                        (
                            Ind("มีระบบเชื่อมโยงฐานข้อมูลสมาชิกสหกรณ์และบุคคลที่ติดต่อราชการ", "ระบบ", 1, "ศสท."),
                            Ind("ร้อยละความพึงพอใจของผู้ที่มาติดต่อราชการ", "ร้อยละ", 80, "ศสท."),
                        ),
                    ),
                ),
            ),
            Project(
                PRJ_SUSTAINABLE,
                (
                    Activity(
                        "ส่งเสริมเกษตรกรอินทรีย์ในสหกรณ์ในพื้นที่นิคมสหกรณ์",
                        "ส่งเสริมเกษตรกรอินทรีย์ในสหกรณ์ในพื้นที่นิคมสหกรณ์",
                        (
                            Ind("จำนวนพื้นที่ที่ได้รับการส่งเสริมเกษตรกรอินทรีย์", "ไร่", 1000, "กพน."),
                            Ind(
                                "มีแปลงแหล่งผลิตสินค้าปลอดภัย/สินค้าเกษตรกรอินทรีย์ อย่างน้อยร้อยละ 60 ของเกษตรกรสมาชิกที่เข้าร่วมโครงการได้ใบรับรองเกษตรกรอินทรีย์ ชั้นที่ 3",
                                "ร้อยละ",
                                60,
                                "กพน.",
                            ),
                            Ind("สมาชิกเข้าร่วมโครงการมีรายได้เพิ่มขึ้นเฉลี่ย", "ร้อยละ", 3, "กพน."),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Plan(
        "แผนงานยุทธศาสตร์เสริมสร้างพลังทางสังคม",
        (
            Project(
                PRJ_ROYAL,
                (
                    Activity(
                        "พัฒนาสหกรณ์/กลุ่มเกษตรกรในพื้นที่โครงการหลวง",
                        "โครงการพัฒนาพื้นที่โครงการหลวง",
                        (
                            Ind(
                                "จำนวนสถาบันเกษตรกร/หมู่บ้านในพื้นที่โครงการหลวงได้รับการส่งเสริมและพัฒนา",
                                "แห่ง",
                                79,
                                "กคร.",
                            ),
                            Ind(
                                "สหกรณ์/กลุ่มเกษตรกรในพื้นที่โครงการหลวงมีปริมาณธุรกิจเพิ่มขึ้นไม่ต่ำกว่า",
                                "ร้อยละ",
                                3,
                                "กคร.",
                            ),
                        ),
                    ),
                ),
            ),
            Project(
                PRJ_INITIATIVE,
                (
                    Activity(
                        "พัฒนาสหกรณ์/กลุ่มเกษตรกรในพื้นที่โครงการอันเนื่องมาจากพระราชดำริ",
                        "โครงการส่งเสริมการดำเนินงานอันเนื่องมาจากพระราชดำริ",
                        (
                            Ind(
                                "จำนวนสถาบันเกษตรกร/โรงเรียน/กลุ่มชาวบ้านในพื้นที่โครงการพระราชดำริได้รับการส่งเสริมและพัฒนาด้านการสหกรณ์",
                                "แห่ง",
                                1224,
                                "กคร.",
                            ),
                            Ind(
                                "สหกรณ์/กลุ่มเกษตรกรในพื้นที่โครงการพระราชดำริมีปริมาณธุรกิจเพิ่มขึ้นไม่ต่ำกว่า",
                                "ร้อยละ",
                                3,
                                "กคร.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Plan(
        "แผนงานยุทธศาสตร์เพื่อสนับสนุนด้านการสร้างโอกาสและความเสมอภาคทางสังคม",
        (
            Project(
                PRJ_DEBT,
                (
                    Activity(
                        "ช่วยเหลือด้านหนี้สินสมาชิกสหกรณ์/กลุ่มเกษตรกร",
                        "ช่วยเหลือด้านหนี้สินสมาชิกสหกรณ์/กลุ่มเกษตรกร",
                        (
                            Ind(
                                "สมาชิกสหกรณ์/กลุ่มเกษตรกรมีหนี้เงินกู้ในวัตถุประสงค์เพื่อการเกษตรได้รับการลดภาระดอกเบี้ยและลดต้นทุนในการประกอบอาชีพการเกษตรแก่สมาชิกสหกรณ์/กลุ่มเกษตรกร",
                                "ราย",
                                142010,
                                "กพน.",
                            ),
                            Ind("ต้นทุนการผลิตของสมาชิกลดลง", "ร้อยละ", 3, "กพน."),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Plan(
        "แผนงานบูรณาการพัฒนาและส่งเสริมเศรษฐกิจฐานราก",
        (
            Project(
                PRJ_SKILLS,
                (
                    Activity(
                        "การพัฒนาคุณภาพการผลิตสินค้าเกษตรของสมาชิกสหกรณ์และกลุ่มเกษตรกร",
                        "พัฒนาคุณภาพการผลิตสินค้าเกษตรของสมาชิกให้ผ่านมาตรฐานการผลิต GAP",
                        (
                            Ind(
                                "สมาชิกสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมการผลิตสินค้าคุณภาพสู่มาตรฐาน GAP",
                                "ราย",
                                1100,
                                "กพก.",
                            ),
                            Ind(
                                "สหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาการผลิตสินค้าคุณภาพ",
                                "แห่ง",
                                58,
                                "กพก.",
                            ),
                            Ind("สินค้าเกษตรของสหกรณ์และกลุ่มเกษตรกรมีคุณภาพ", "แห่ง", 332, "กพก."),
                        ),
                    ),
                    Activity(
                        "ส่งเสริมปุ๋ยผสมใช้เองผ่านสหกรณ์การเกษตรเพื่อลดต้นทุนการผลิตให้แก่เกษตรกร",
                        "ส่งเสริมปุ๋ยผสมใช้เองผ่านสหกรณ์การเกษตรเพื่อลดต้นทุนการผลิตให้แก่เกษตรกร",
                        (
                            Ind(
                                "สมาชิกสหกรณ์/กลุ่มเกษตรกรได้รับความรู้เกี่ยวกับการผสมปุ๋ยให้เหมาะสมกับพื้นที่เพาะปลูก",
                                "ราย",
                                7500,
                                "กพน.",
                            ),
                            Ind(
                                "สมาชิกสถาบันเกษตรกรที่เข้าร่วมโครงการมีค่าใช้จ่ายในการซื้อปุ๋ยลดลงไม่น้อยกว่า",
                                "ร้อยละ",
                                5,
                                "กพน.",
                            ),
                        ),
                    ),
                    Activity(
                        "ส่งเสริมเกษตรกรผสมผสานในสหกรณ์และกลุ่มเกษตรกร",
                        "ส่งเสริมเกษตรกรผสมผสานในสหกรณ์และกลุ่มเกษตรกร",
                        (
                            Ind("พื้นที่ที่ได้รับการส่งเสริมเกษตรผสมผสาน", "ไร่", 7500, "กพน."),
                            Ind(
                                "สมาชิกสหกรณ์/กลุ่มเกษตรกรได้รับการแนะนำส่งเสริมทำเกษตรผสมผสาน",
                                "ราย",
                                1500,
                                "กพน.",
                            ),
                            Ind("สมาชิกที่เข้าร่วมโครงการมีรายได้เพิ่มขึ้นเฉลี่ย", "ร้อยละ", 3, "กพน."),
                        ),
                    ),
                ),
            ),
            Project(
                PRJ_BUSINESS,
                (
                    Activity(
                        "เพิ่มศักยภาพการดำเนินธุรกิจรวบรวมและจัดเก็บผลผลิตการเกษตรในสถาบันเกษตรกร",
                        "พัฒนาศักยภาพการดำเนินธุรกิจรวบรวมและจัดเก็บผลผลิตทางการเกษตรของสหกรณ์",
                        (
                            Ind(
                                "สหกรณ์และกลุ่มเกษตรกรเป้าหมายได้รับการพัฒนาศักยภาพการดำเนินธุรกิจ",
                                "แห่ง",
                                30,
                                "กพก.",
                            ),
                            Ind("สหกรณ์/กลุ่มเกษตรกรมีปริมาณธุรกิจรวบรวมผลผลิตเพิ่มขึ้น", "ร้อยละ", 3, "กพก."),
                        ),
                    ),
                    Activity(
                        "นำระบบการแบ่งปันผลประโยชน์อย่างเป็นธรรม Profit Sharing มาใช้ในการบริหารจัดการสินค้าเกษตร",
                        "นำระบบการแบ่งปันผลประโยชน์อย่างเป็นธรรม Profit Sharing มาใช้ในการบริหารจัดการสินค้าเกษตร",
                        (
                            Ind(
                                "ศึกษารูปแบบและแนวทางการนำระบบการแบ่งปันผลประโยชน์อย่างเป็นธรรม (Profit Sharing) มาใช้ในการบริหารจัดการสินค้าเกษตร",
                                "ชนิดสินค้า",
                                4,
                                "กพก.",
                            ),
                        ),
                    ),
                    Activity(
                        "พัฒนาศักยภาพการดำเนินธุรกิจของสหกรณ์ภาคการเกษตร/กลุ่มเกษตรกร",
                        "พัฒนาศักยภาพการดำเนินธุรกิจของสหกรณ์ภาคการเกษตร/กลุ่มเกษตรกร",
                        (
                            Ind("สหกรณ์/กลุ่มเกษตรกรได้รับการพัฒนาศักยภาพการดำเนินธุรกิจ", "แห่ง", 340, "กพก."),
                            Ind(
                                "สมาชิกสหกรณ์/กลุ่มเกษตรกรได้รับการพัฒนาด้านการจัดทำแผนการผลิตและการตลาด",
                                "ราย",
                                1030,
                                "กพก.",
                            ),
                            Ind("รายได้จากการจำหน่ายสินค้าชุมชนเพิ่มขึ้น", "ร้อยละ", 3, "กพก."),
                        ),
                    ),
                ),
            ),
            Project(
                PRJ_PRODUCTS,
                (
                    Activity(
                        "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์",
                        "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์",
                        (
                            Ind("สหกรณ์ภาคการเกษตรได้รับการพัฒนาสินค้าและผลิตภัณฑ์", "แห่ง", 68, "กพก."),
                            Ind(
                                "สินค้าเกษตรของสหกรณ์ภาคการเกษตรได้รับการพัฒนาในด้านการผลิต การแปรรูป และการตลาด",
                                "ผลิตภัณฑ์",
                                30,
                                "กพก.",
                            ),
                        ),
                    ),
                ),
            ),
            Project(
                PRJ_LAND,
                (
                    Activity(
                        "ส่งเสริมและพัฒนาอาชีพภายใต้โครงการจัดที่ดินตามนโยบายรัฐบาล",
                        "โครงการส่งเสริมและพัฒนาอาชีพ เพื่อแก้ไขปัญหาที่ดินทำกินของเกษตรกรในพื้นที่ คทช.",
                        (
                            Ind("สมาชิกสหกรณ์ได้รับการส่งเสริมและพัฒนาอาชีพ", "ราย", 1000, "กพน."),
                            Ind("เกษตรกรสมาชิกมีรายได้เพิ่มขึ้นไม่น้อยกว่า", "ร้อยละ", 3, "กพน."),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# Divisions that own indicators (and the central planning division), with full Thai names.
DIVISIONS: tuple[tuple[str, str], ...] = (
    ("กพท.", "กองพัฒนาระบบการตลาดและธุรกิจสหกรณ์"),
    ("ศสท.", "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร"),
    ("กพก.", "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร"),
    ("กค.", "กองคลัง"),
    ("กพน.", "กองพัฒนาสหกรณ์ภาคนอกการเกษตร"),
    ("กคร.", "กองประสานงานโครงการพระราชดำริ"),
)
CENTRAL: tuple[str, str] = (CENTRAL_CODE, "กองแผนงาน")

BANGKOK_OFFICES: tuple[tuple[str, str], ...] = (
    ("สสพ.1", "สำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 1"),
    ("สสพ.2", "สำนักงานส่งเสริมสหกรณ์กรุงเทพมหานคร พื้นที่ 2"),
)

# --------------------------------------------------------------------------------------------
# Which offices report which projects
# --------------------------------------------------------------------------------------------

# Indicators only the owner division reports (not assigned to offices), by code.
CENTRAL_ONLY = frozenset({"I01", "I02", "I08", "I09", "I10", "I30"})

# Royal Project (โครงการหลวง) areas: the northern provinces only.
ROYAL_PROJECT_PROVINCES = ("50", "51", "52", "54", "55", "56", "57", "58", "63")

# Projects every office reports.
ALL_OFFICES_PROJECTS = frozenset({PRJ_OUTPUT, PRJ_DEBT})

# Main activities reported by a subset of offices: how many offices, and which provinces may not
# take part (Bangkok has no settlement or land-allocation areas and little farmland). The Royal
# Project is handled apart (fixed province list). Offices are picked deterministically, fewest
# assigned indicators first, so that every office ends up with a similar monthly workload.
SUBSET_ACTIVITIES: tuple[tuple[str, int, frozenset[str]], ...] = (
    ("ส่งเสริมเกษตรกรอินทรีย์ในสหกรณ์ในพื้นที่นิคมสหกรณ์", 12, frozenset({BANGKOK})),
    ("พัฒนาสหกรณ์/กลุ่มเกษตรกรในพื้นที่โครงการอันเนื่องมาจากพระราชดำริ", 24, frozenset()),
    ("การพัฒนาคุณภาพการผลิตสินค้าเกษตรของสมาชิกสหกรณ์และกลุ่มเกษตรกร", 15, frozenset({BANGKOK})),
    ("ส่งเสริมปุ๋ยผสมใช้เองผ่านสหกรณ์การเกษตรเพื่อลดต้นทุนการผลิตให้แก่เกษตรกร", 20, frozenset({BANGKOK})),
    ("ส่งเสริมเกษตรกรผสมผสานในสหกรณ์และกลุ่มเกษตรกร", 12, frozenset({BANGKOK})),
    ("เพิ่มศักยภาพการดำเนินธุรกิจรวบรวมและจัดเก็บผลผลิตการเกษตรในสถาบันเกษตรกร", 15, frozenset({BANGKOK})),
    ("พัฒนาศักยภาพการดำเนินธุรกิจของสหกรณ์ภาคการเกษตร/กลุ่มเกษตรกร", 15, frozenset()),
    ("พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์", 24, frozenset()),
    ("ส่งเสริมและพัฒนาอาชีพภายใต้โครงการจัดที่ดินตามนโยบายรัฐบาล", 15, frozenset({BANGKOK})),
)

# Budget per office per project (baht) before weighting, by project.
BUDGET_BASE: dict[str, int] = {
    PRJ_OUTPUT: 1_200_000,
    PRJ_SUSTAINABLE: 350_000,
    PRJ_ROYAL: 450_000,
    PRJ_INITIATIVE: 250_000,
    PRJ_DEBT: 300_000,
    PRJ_SKILLS: 400_000,
    PRJ_BUSINESS: 500_000,
    PRJ_PRODUCTS: 200_000,
    PRJ_LAND: 300_000,
}

# Demo LINE users: (line_user_id, display name, role, unit code).
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("Udemo-officer-50", "สมชาย ใจดี", "officer", "P50"),
    ("Udemo-officer-bkk1", "สุดารัตน์ แสงทอง", "officer", "สสพ.1"),
    ("Udemo-officer-40", "ประเสริฐ ศรีสุข", "officer", "P40"),
    ("Udemo-officer-90", "อามีนะห์ หะยีสาและ", "officer", "P90"),
    ("Udemo-division-kpk", "วิไลวรรณ พูลผล", "division", "กพก."),
    ("Udemo-division-kpn", "ธนากร มั่นคง", "division", "กพน."),
    ("Udemo-central", "กมลชนก รักษ์ไทย", "central", CENTRAL_CODE),
    ("Udemo-admin", "ณัฐพล วงศ์สวัสดิ์", "admin", CENTRAL_CODE),
)

SETTINGS: tuple[tuple[str, int], ...] = (
    ("วันตัดยอด", 20),
    ("กำหนดส่งหน่วยงานในพื้นที่", 20),
    ("กำหนดส่งกอง", 22),
    ("กำหนดส่งส่วนกลาง", 25),
    ("เดือนแรกที่รายงาน", 12),
)

# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


@cache
def _provinces() -> tuple[tuple[str, str, str], ...]:
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple((row["code"], row["name_th"], row["name_en"]) for row in csv.DictReader(fh))


def demo_provinces() -> list[dict]:
    """The 77 provinces of ``bot/data/th-provinces.csv``: ``code`` (2-char text), ``name_th``, ``name_en``."""
    return [{"code": c, "name_th": th, "name_en": en} for c, th, en in _provinces()]


@cache
def _units() -> tuple[dict, ...]:
    units: list[dict] = []
    for code, name in BANGKOK_OFFICES:
        units.append({"code": code, "name": name, "kind": "office", "province": BANGKOK})
    for pcode, name_th, _ in _provinces():
        if pcode == BANGKOK:
            continue
        units.append(
            {"code": f"P{pcode}", "name": f"สำนักงานสหกรณ์จังหวัด{name_th}", "kind": "office", "province": pcode}
        )
    for code, name in DIVISIONS:
        units.append({"code": code, "name": name, "kind": "division", "province": None})
    units.append({"code": CENTRAL[0], "name": CENTRAL[1], "kind": "central", "province": None})
    for unit in units:
        unit["type"] = UNIT_TYPE_TH[unit["kind"]]
    return tuple(units)


def demo_units() -> list[dict]:
    """All units: 78 offices, then the divisions, then the central unit.

    Keys: ``code``, ``name``, ``kind`` (``office``/``division``/``central``), ``type`` (the Thai
    workbook value: ``พื้นที่``/``กอง``/``ส่วนกลาง``) and ``province`` (2-char code, offices only).
    """
    return [dict(u) for u in _units()]


def _offices() -> list[dict]:
    return [u for u in _units() if u["kind"] == "office"]


@cache
def _indicators() -> tuple[dict, ...]:
    rows: list[dict] = []
    for plan in PLANS:
        for project in plan.projects:
            for activity in project.activities:
                for ind in activity.indicators:
                    rows.append(
                        {
                            "code": f"I{len(rows) + 1:02d}",
                            "plan": plan.name,
                            "project": project.name,
                            "activity": activity.name,
                            "sub_activity": activity.sub,
                            "name": ind.name,
                            "unit": ind.unit,
                            "target": ind.target,
                            "owner": ind.owner,
                            "counting": "latest" if ind.unit == "ร้อยละ" else "sum",
                        }
                    )
    return tuple(rows)


def demo_indicators() -> list[dict]:
    """The 37 indicators in table order, coded ``I01``..``I37``.

    Keys: ``code``, ``plan``, ``project``, ``activity``, ``sub_activity`` (not in the workbook),
    ``name``, ``unit``, ``target`` (int), ``owner`` (division code), ``counting`` (``sum``/``latest``).
    """
    return [dict(i) for i in _indicators()]


def _office_weight(ordinal: int) -> int:
    """A deterministic size weight (3..7) for the office at ``ordinal`` in the office list."""
    return 3 + (ordinal * 7) % 5


def _tie_key(office: dict, salt: int) -> int:
    """Deterministic pseudo-shuffle key so that subsets spread over the country."""
    area = int(office["code"][-1]) if office["code"].startswith("สสพ") else 0
    number = int(office["province"]) * 10 + area
    return (number * 37 + salt * 53) % 101


@cache
def _activity_offices() -> dict[str, tuple[str, ...]]:
    """Main activity name -> codes of the offices that report its indicators (in office order)."""
    offices = _offices()
    reported = [i for i in _indicators() if i["code"] not in CENTRAL_ONLY]
    size = {a: sum(1 for i in reported if i["activity"] == a) for a in {i["activity"] for i in reported}}
    load = {o["code"]: 0 for o in offices}
    chosen: dict[str, set[str]] = {}

    def take(activity: str, codes: list[str]) -> None:
        chosen[activity] = set(codes)
        for code in codes:
            load[code] += size[activity]

    for activity in dict.fromkeys(i["activity"] for i in reported if i["project"] in ALL_OFFICES_PROJECTS):
        take(activity, [o["code"] for o in offices])
    for activity in dict.fromkeys(i["activity"] for i in reported if i["project"] == PRJ_ROYAL):
        take(activity, [o["code"] for o in offices if o["province"] in ROYAL_PROJECT_PROVINCES])
    for salt, (activity, count, excluded) in enumerate(SUBSET_ACTIVITIES, start=1):
        candidates = [o for o in offices if o["province"] not in excluded]
        candidates.sort(key=lambda o, s=salt: (load[o["code"]], _tie_key(o, s), o["code"]))
        take(activity, [o["code"] for o in candidates[:count]])
    order = [o["code"] for o in offices]
    return {a: tuple(c for c in order if c in codes) for a, codes in chosen.items()}


@cache
def _project_offices() -> dict[str, tuple[str, ...]]:
    """Project name -> codes of the offices that report at least one of its indicators."""
    by_activity = _activity_offices()
    order = [o["code"] for o in _offices()]
    result: dict[str, tuple[str, ...]] = {}
    for ind in _indicators():
        codes = set(result.get(ind["project"], ())) | set(by_activity.get(ind["activity"], ()))
        result[ind["project"]] = tuple(c for c in order if c in codes)
    return {p: codes for p, codes in result.items() if codes}


def _split(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` into integers that add up to it: 1 each first, the rest by largest remainder."""
    n = len(weights)
    base = [1] * n if total >= n else [0] * n
    rest = total - sum(base)
    wsum = sum(weights)
    quotas = [rest * w // wsum for w in weights]
    remainders = [rest * w % wsum for w in weights]
    short = rest - sum(quotas)
    for i in sorted(range(n), key=lambda i: (-remainders[i], i))[:short]:
        quotas[i] += 1
    return [b + q for b, q in zip(base, quotas, strict=True)]


@cache
def _assignments() -> tuple[dict, ...]:
    ordinal = {o["code"]: k for k, o in enumerate(_offices())}
    activity_offices = _activity_offices()
    rows: list[dict] = []
    for ind in _indicators():
        if ind["code"] in CENTRAL_ONLY:
            continue
        codes = activity_offices[ind["activity"]]
        if ind["counting"] == "sum":
            targets = _split(ind["target"], [_office_weight(ordinal[c]) for c in codes])
        else:
            targets = [ind["target"]] * len(codes)
        rows.extend(
            {"indicator": ind["code"], "unit": code, "target": target}
            for code, target in zip(codes, targets, strict=True)
        )
    return tuple(rows)


def demo_assignments() -> list[dict]:
    """Which office reports which indicator: ``indicator`` code, ``unit`` code, ``target`` (int).

    Ordered by indicator, then office. ``sum`` targets add up to the national target; ``latest``
    (ร้อยละ) indicators carry the national target for every office.
    """
    return [dict(a) for a in _assignments()]


@cache
def _allocations() -> tuple[dict, ...]:
    ordinal = {o["code"]: k for k, o in enumerate(_offices())}
    project_offices = _project_offices()
    projects = list(dict.fromkeys(i["project"] for i in _indicators()))
    rows: list[dict] = []
    for project in projects:
        for code in project_offices.get(project, ()):
            k = ordinal[code]
            # Weight 3..7 scaled around 1.0, with a small per-project variation of -10%..+10%
            # (integer arithmetic only, rounded to the nearest 1,000 baht).
            percent = 90 + (k * 13 + len(rows)) % 21
            baht = BUDGET_BASE[project] * _office_weight(k) * percent // 500
            amount = min(max((baht + 500) // 1000 * 1000, 50_000), 2_000_000)
            rows.append({"project": project, "unit": code, "amount": amount})
    return tuple(rows)


def demo_allocations() -> list[dict]:
    """Budget allocations: ``project`` name, ``unit`` code, ``amount`` (baht, multiple of 1,000)."""
    return [dict(a) for a in _allocations()]


def demo_settings() -> list[tuple[str, int]]:
    """Rows of the ``ตั้งค่า`` sheet: (item, value)."""
    return list(SETTINGS)


def demo_users() -> list[dict]:
    """LINE users to pre-register for the demo.

    Keys: ``line_user_id``, ``display_name``, ``role`` (officer|division|central|admin), ``unit_code``.
    """
    return [
        {"line_user_id": uid, "display_name": name, "role": role, "unit_code": unit}
        for uid, name, role, unit in DEMO_USERS
    ]


# --------------------------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------------------------


def _sheet_rows() -> dict[str, list[tuple]]:
    return {
        "หน่วยงาน": [(u["code"], u["name"], u["type"], u["province"]) for u in _units()],
        "ตัวชี้วัด": [
            (
                i["code"],
                i["plan"],
                i["project"],
                i["activity"],
                i["name"],
                i["unit"],
                i["target"],
                i["owner"],
                COUNTING_TH[i["counting"]],
            )
            for i in _indicators()
        ],
        "เป้าหมายรายหน่วย": [(a["indicator"], a["unit"], a["target"]) for a in _assignments()],
        "งบประมาณ": [(a["project"], a["unit"], a["amount"]) for a in _allocations()],
        "ตั้งค่า": list(SETTINGS),
    }


def write_demo_workbook(path: str | Path) -> Path:
    """Write the demo plan as an import workbook (DESIGN.md §4) to ``path`` and return the path."""
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in _sheet_rows().items():
        ws = wb.create_sheet(title)
        ws.append(list(SHEET_HEADERS[title]))
        for row in rows:
            ws.append(list(row))
        if title == "หน่วยงาน":
            # Province codes are text ("10"), never numbers.
            for (cell,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
                if cell.value is not None:
                    cell.number_format = "@"
        for column, header in zip(ws.columns, SHEET_HEADERS[title], strict=False):
            width = max(len(str(c.value)) for c in column if c.value is not None)
            ws.column_dimensions[column[0].column_letter].width = min(max(width, len(header)) + 2, 60)
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
