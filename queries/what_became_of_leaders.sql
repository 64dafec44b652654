-- title: What became of the leaders of the parties in an election
-- choices election: select id as value, name as label from election order by date_min desc
-- default election: mazhilis-2004
-- description: Everyone who led, co-chaired or founded a party or bloc that took part in an election, in a spell that was not over by election day (undated spells count), with each dated spell of what became of them. Try election=mazhilis-2004 for the 2004 opposition.
with contestants as (
  select distinct contestant_id as org from election_result where election_id = :election
  union
  select membership.member_id from membership
    join election_result on election_result.contestant_id = membership.organization_id
  where election_result.election_id = :election and membership.role = 'member-organization'
),
led as (
  select distinct membership.member_id as person_id, org.label as org_label
  from membership join contestants on contestants.org = membership.organization_id
    join entity org on org.id = membership.organization_id
    join person on person.id = membership.member_id
  where membership.role in ('leader', 'co-chair', 'founder', 'acting-leader')
    and (membership.start_min is null or membership.start_min <= (select date_max from election where id = :election))
    and (membership.end_max is null or membership.end_max >= (select date_min from election where id = :election))
),
leaders as (
  select person_id, group_concat(org_label, ', ') as led from led group by person_id
)
select person.name as person, leaders.led, fate.status, fate.start, fate.end, fate.note, person.id as person_id
from leaders join person on person.id = leaders.person_id
  left join fate on fate.person_id = person.id
order by person.name, fate.start_min
