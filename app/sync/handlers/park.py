"""Industrial parks: reference data every role pulls (HR: the park of their enterprise)."""

from app.access.permissions import pulled_parks
from app.models import Park
from app.schemas.pulled import PulledParkSchema
from app.sync.handlers.base import Data, Handler


class ParkHandler(Handler):
    entity = "park"
    model = Park
    pulled_schema = PulledParkSchema

    def pull_filter(self, user):
        return pulled_parks(user)

    def to_data(self, row) -> Data:
        return {
            "code": row.code,
            "name": row.name,
            "province": row.province,
            "operating": row.operating,
            "lat": row.lat,
            "lng": row.lng,
            "outline": row.outline,
        }
