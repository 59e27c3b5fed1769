"""School health: one coded record per pupil and 年度, and everything printed from it.

* :mod:`.codes` — code lists (what a finding is, its printed wording, the national survey category)
* :mod:`.findings` — a coded finding with free text beside it
* :mod:`.general`, :mod:`.dental` — the 一般 and 歯・口腔 parts of a year (施行規則 第6条・第7条)
* :mod:`.record` — the yearly record, a pupil's cumulative card, a school's records of a 年度
* :mod:`.years` — 学年, 年度 and 年齢 on 4月1日
* :mod:`.wording` — how the 票 and the 治療勧告書 print a result
* :mod:`.tally`, :mod:`.dental_tally`, :mod:`.statistics_tally` — the two surveys, computed
"""

from unified_forms.families.health_checkup.years import age_on_april_first, check_years

__all__ = ["age_on_april_first", "check_years"]
