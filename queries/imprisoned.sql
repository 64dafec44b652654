-- title: Everyone imprisoned or detained, and when
-- description: Every spell of prison, penal colony, detention or house arrest in the records, with the person and what the sources say happened.
select person.name as person, fate.status, fate.start, fate.end, fate.note, giver.label as according_to, fate.according_to_id, person.id as person_id
from fate join person on person.id = fate.person_id
  left join entity giver on giver.id = fate.according_to_id
where fate.status in ('imprisoned', 'detained')
order by fate.start_min, person.name
