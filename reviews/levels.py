"""What each score from 0 to 5 means, per category, in a line a parent can act on: shown
beside each choice on "Rate what's in it", so that members score alike."""

from advisories.models import Category

LEVELS = {
    Category.POSITIVE_MESSAGES: [
        "No message worth mentioning, or one that rewards cruelty or cheating.",
        "A faint message at best, easy to miss under everything else.",
        "Some good ideas, such as friendship or honesty, but not at the heart of it.",
        "A clear, positive message that children will notice and can talk about.",
        "Its message (kindness, courage, fairness) drives the whole story.",
        "Built around a message that can change how a child sees the world.",
    ],
    Category.ROLE_MODELS: [
        "No one to look up to: the leads lie, bully or hurt others and are rewarded.",
        "Characters are mostly selfish; any good behaviour is brief.",
        "Mixed: characters do good and bad, and the film does not always say which is which.",
        "The main characters are decent people who learn from their mistakes.",
        "Admirable characters who show courage, empathy and responsibility.",
        "Characters a child could truly look up to, flaws and all, from start to end.",
    ],
    Category.VIOLENCE: [
        "None: no fighting, peril or frightening scenes.",
        "Mild peril or slapstick; nobody is really hurt and nothing lingers.",
        "Some fighting or scary moments, brief and without blood.",
        "Frequent or intense action, some injury or blood, scenes that frighten young children.",
        "Strong, realistic violence or sustained terror; deaths shown on screen.",
        "Brutal, graphic or gory violence, or horror meant to disturb adults.",
    ],
    Category.SEX: [
        "None: no romance beyond friendship, no nudity.",
        "Hand-holding, a crush, a quick kiss.",
        "Kissing and romance; innuendo that goes over young children's heads.",
        "Sex is implied or talked about openly; partial nudity.",
        "Sex scenes with some nudity, or frank talk about sex.",
        "Explicit sex or full nudity; sexual violence.",
    ],
    Category.LANGUAGE: [
        "None: nothing you would not hear at school assembly.",
        "Mild insults such as 'stupid' or 'shut up'.",
        "Occasional mild swearing ('damn', 'hell') or name-calling.",
        "Regular swearing, including a few strong words.",
        "Frequent strong swearing.",
        "Constant strong swearing, slurs or hateful language.",
    ],
    Category.CONSUMERISM: [
        "None: no brands or products to want.",
        "A few brands in the background, hardly noticed.",
        "Some visible brands or toys a child may ask for afterwards.",
        "Clear product placement, or merchandise the film plainly promotes.",
        "The film often shows off products, or rich lifestyles as the goal.",
        "It plays like an advert for a toy line, a game or a brand.",
    ],
    Category.DRINKING: [
        "None: no alcohol, drugs or smoking.",
        "Adults drink or smoke briefly in the background.",
        "Characters drink or smoke on screen, without making it look good.",
        "Drunkenness, drug use or smoking shown more than once, or as fun.",
        "Heavy drinking or drug use by main characters, including teens.",
        "Drug use shown in detail, or glamorised, throughout.",
    ],
}
