from handmade_assets.generation.originality import (
    containment,
    context_failures,
    sibling_failures,
    similarity_failures,
)

TEXT = ("This hand thrown stoneware vase was fired in a saggar with copper wire and leaves, "
        "leaving smoky grey clouds and soft orange blushes across its burnished surface. "
        "It stands twenty centimetres tall, holds dried stems well and is sealed inside with wax "
        "so that it can also take a small bunch of fresh flowers for a few days at a time.")
OTHER = ("A small linen scarf woven on a wooden loom, dyed with madder root, soft to the touch "
         "and finished with a hand rolled hem on both of its long edges.")


def test_containment_is_one_for_a_copy_and_zero_for_unrelated_text():
    assert containment(TEXT, TEXT + " More words follow here.") == 1.0
    assert containment(TEXT, OTHER) == 0.0


def test_copied_retrieved_context_fails_and_names_the_example():
    failures = context_failures(TEXT, [("hist-7", "Intro. " + TEXT), ("hist-8", OTHER)])
    assert len(failures) == 1 and "hist-7" in failures[0]


def test_later_near_duplicate_fails_first_keeps_its_place():
    failures = sibling_failures([(0, "a", TEXT), (1, "b", OTHER), (2, "c", TEXT.replace("grey", "gray"))])
    assert list(failures) == [2]
    assert "listing a" in failures[2][0]


def test_drafts_of_the_same_listing_are_not_compared_with_each_other():
    assert sibling_failures([(0, "a", TEXT), (1, "a", TEXT)]) == {}


def test_a_reworded_copy_of_an_example_is_caught_by_embedding_similarity():
    from handmade_assets.services.embedder import LocalSentenceEmbedder

    embed = LocalSentenceEmbedder().embed
    reworded = ("This stoneware vase was thrown by hand and fired in a saggar with leaves and copper "
                "wire, which left smoky gray clouds and gentle orange blushes on its burnished skin.")
    example = TEXT.split(". ")[0] + "."
    failures = similarity_failures(
        [(0, reworded, [("hist-1", example)]), (1, OTHER, [("hist-1", example)])], embed)
    assert containment(reworded, example) < 0.35  # the n-gram check alone misses it
    assert list(failures) == [0] and "hist-1" in failures[0][0]
