-- title: Everything that happened in a year
-- description: Every dated event of every record in a year (foundings, bans, elections, incidents, arrests, offices, deaths), earliest first. Try year=2005.
select timeline.date, timeline.event, timeline.title, timeline.record_type, timeline.record_id
from timeline
where timeline.date_min <= :year || '-12-31' and coalesce(timeline.date_max, timeline.date_min) >= :year || '-01-01'
order by timeline.date_min, timeline.id
