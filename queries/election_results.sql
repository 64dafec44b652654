-- title: An election's results, official and alternative side by side
-- choices election: select id as value, name as label from election order by date_min desc
-- default election: mazhilis-2004
-- description: For each tier of a vote (party list, districts, whole chamber, candidates, referendum answers), each contestant's final official figures beside the preliminary ones, the parties' own counts and the estimates, each with who gave it. Try election=mazhilis-2004.
select r.tier,
  r.shown_as as contestant,
  max(r.contestant_id) as contestant_id,
  max(case when r.stage = 'final' and r.figure = 'official' then r.share end) as official_share,
  max(case when r.stage = 'final' and r.figure = 'official' then r.votes end) as official_votes,
  max(case when r.stage = 'final' and r.figure = 'official' then r.seats end) as official_seats,
  group_concat(case when not (r.stage = 'final' and r.figure = 'official')
    then case when r.share is not null then printf('%g%%', r.share) when r.votes is not null then printf('%,d votes', r.votes) else r.seats || ' seats' end
      || ' (' || r.stage || ' ' || r.figure || ', ' || giver.label || coalesce(', ' || s.as_of, '') || ')' end, '; ') as other_figures,
  (select group_concat(label, ', ') from (select distinct giver2.label from election_result r2 join entity giver2 on giver2.id = r2.according_to_id
    where r2.election_id = r.election_id and r2.tier = r.tier and r2.shown_as = r.shown_as order by r2.result_set_id)) as according_to
from election_result r
  join result_set s on s.id = r.result_set_id
  join entity giver on giver.id = r.according_to_id
where r.election_id = :election
group by r.tier, r.shown_as
order by min(r.result_set_id), official_seats desc nulls last, official_share desc nulls last, official_votes desc nulls last, contestant
