-- title: A party's lineage
-- choices org: select id as value, name as label from organization where id in (select from_id from org_relation union select to_id from org_relation) order by name
-- default org: azat
-- description: Every organization linked to a given one by splits, mergers, renamings and successions, followed in both directions, with the date and the step. Try org=azat.
with recursive linked(org, depth) as (
  select :org, 0
  union
  select case when org_relation.from_id = linked.org then org_relation.to_id else org_relation.from_id end, linked.depth + 1
  from org_relation join linked on linked.org in (org_relation.from_id, org_relation.to_id)
  where linked.depth < 20
)
select distinct newer.label as newer, org_relation.relation, older.label as older, org_relation.date,
  org_relation.from_id as newer_id, org_relation.to_id as older_id
from org_relation
  join entity newer on newer.id = org_relation.from_id
  join entity older on older.id = org_relation.to_id
where org_relation.from_id in (select org from linked) or org_relation.to_id in (select org from linked)
order by org_relation.date_min, newer.label
