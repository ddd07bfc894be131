"""Festival-day (Ngày hội toàn dân bảo vệ ANTQ): rosters, badge QR codes, event figures.

The domain lives in roster.py / rosterfile.py (import), badges.py (QR codes) and figures.py
(live figures, review); views.py holds the server pages at /festival.
"""
