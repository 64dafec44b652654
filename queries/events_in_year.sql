-- title: Everything that happened in a year
-- choices year: select distinct cast(date_year as text) as value, date_year as label from timeline where date_year is not null order by date_year desc
-- default year: 2005
-- description: Every dated event of every record in a year (foundings, bans, elections, incidents, arrests, offices, deaths), earliest first. Try year=2005.
select timeline.date, timeline.event, timeline.title, timeline.record_id as title_id, timeline.record_type
from timeline
where timeline.date_min <= :year || '-12-31' and coalesce(timeline.date_max, timeline.date_min) >= :year || '-01-01'
order by timeline.date_min, timeline.id
