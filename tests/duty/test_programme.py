"""The programme the demands are filed under (带班值班) survives a database emptied and
reloaded with the city's configuration (as the transactional tests do after their flush)."""

from onething.appeals.selectors import programmes_list
from onething.core.permissions import SYSTEM
from onething.demo import duty as demo_duty
from onething.duty.rules import PROGRAMME


def test_the_setup_makes_the_programme_again(city):
    programmes_list(SYSTEM).filter(code=PROGRAMME).delete()
    assert not programmes_list(SYSTEM).filter(code=PROGRAMME).exists()
    demo_duty.setup(lambda _line: None)
    programme = programmes_list(SYSTEM).get(code=PROGRAMME)
    assert programme.name == "带班值班"
    demo_duty.setup(lambda _line: None)  # idempotent
    assert programmes_list(SYSTEM).filter(code=PROGRAMME).count() == 1
