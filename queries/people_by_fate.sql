-- title: People by what became of them
-- description: Every person with a given fate (active, took-state-post, joined-ruling-party, emigrated, imprisoned, detained, left-politics, killed, died), with when and what happened. Try status=emigrated.
select person.name as person, fate.start, fate.end, fate.note, person.living, person.id as person_id
from fate join person on person.id = fate.person_id
where fate.status = :status
order by fate.start_min, person.name
