from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from models.entities import Unit, UnitKind, User


def test_a_line_user_can_be_registered_once(session):
    unit = Unit(code="50", name="สำนักงานสหกรณ์จังหวัดเชียงใหม่", kind=UnitKind.OFFICE.value, province_code="50")
    session.add(unit)
    session.flush()
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    session.add(User(line_user_id="U1", role="officer", unit_id=unit.id, created_at=now))
    session.commit()
    assert session.get(User, 1).created_at == now
    session.add(User(line_user_id="U1", role="officer", unit_id=unit.id, created_at=now))
    with pytest.raises(IntegrityError):
        session.commit()
