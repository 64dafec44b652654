-- title: People by what became of them
-- choices status: select status as value, status as label from fate group by status order by count(*) desc
-- default status: emigrated
-- description: Every person with a given fate (active, took-state-post, joined-ruling-party, emigrated, imprisoned, detained, left-politics, killed, died), with when and what happened. Try status=emigrated.
select person.name as person, fate.start, fate.end, fate.note, case person.living when 1 then 'living' when 0 then 'died' end as living, person.id as person_id
from fate join person on person.id = fate.person_id
where fate.status = :status
order by fate.start_min, person.name
