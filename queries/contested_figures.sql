-- title: Contested figures: where sources give different numbers or dates
-- description: Election results with more than one figure for a contestant, incident counts given differently by different sources, and dates or numbers with alternative values, each figure with who gave it.
select election.label as record, r.shown_as || ' (' || r.tier || ')' as what,
  group_concat(case when r.share is not null then printf('%g%%', r.share) when r.votes is not null then printf('%,d votes', r.votes) else r.seats || ' seats' end
    || ' (' || r.stage || ' ' || r.figure || ', ' || giver.label || ')', '; ') as figures,
  r.election_id as record_id
from election_result r
  join entity election on election.id = r.election_id
  join entity giver on giver.id = r.according_to_id
group by r.election_id, r.tier, r.shown_as
having count(distinct r.share) > 1 or count(distinct r.votes) > 1 or count(distinct r.seats) > 1
union all
select incident.label, e.kind,
  group_concat(coalesce(e.low || '-', '') || coalesce(e.best, '') || coalesce('-' || e.high, '') || ' (' || giver.label || ')', '; '),
  e.incident_id
from incident_estimate e
  join entity incident on incident.id = e.incident_id
  join entity giver on giver.id = e.according_to_id
group by e.incident_id, e.kind
having count(*) > 1
union all
select record.label, fact.field, group_concat(fact.value || coalesce(' (' || giver.label || ')', ''), '; '), fact.record_id
from fact
  join entity record on record.id = fact.record_id
  left join entity giver on giver.id = fact.according_to_id
where fact.path like fact.field || '[%' and instr(fact.path, '.') = 0 and fact.field not in ('names', 'memberships', 'positions', 'fate', 'results', 'question', 'options', 'estimates', 'participants', 'registration', 'lineage', 'members')
group by fact.record_id, fact.field
having count(*) > 1
order by 1, 2
