-- title: Search names in any script or spelling
-- description: Finds organizations, people, places, elections, incidents and sources by any recorded spelling: Kazakh or Russian Cyrillic, Latin, with or without Kazakh letters (Ақ жол, Ак Жол, Ak Zhol and Aq Jol all match).
select entity.id, entity.type, entity.label, group_concat(distinct name.text) as matched_spellings
from name_fts
  join name on name.id = name_fts.rowid
  join entity on entity.id = name.entity_id
where name_fts match kb_fts_query(:q)
group by entity.id
order by min(name_fts.rank), entity.label
limit 100
